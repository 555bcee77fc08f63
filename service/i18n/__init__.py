"""The interface's words: labels, gettext translations, locale names and the one Jinja environment."""
