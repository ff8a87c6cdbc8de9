"""The search benchmark (see bench/README.md); an app only under bench.stock_settings."""
