"""Reader-facing views: each one asks a selector for its rows and renders a template."""
