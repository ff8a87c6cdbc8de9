"""Use cases that span several models: importing an issue's pages, finding a publication."""
