"""The content model: variant files → answers → the gate (the rules) → the immutable catalog; no HTTP, no database."""
