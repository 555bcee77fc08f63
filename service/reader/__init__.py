"""HTML for people: answer pages and lists, the preferences form, feedback forms, robots.txt and sitemaps."""
