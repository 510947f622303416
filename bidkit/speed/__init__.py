"""Speed as an opt-in layer: the caches and the one place that runs work in parallel."""
