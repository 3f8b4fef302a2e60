"""The provincial OCOP office's pages: a face composing the services of other domains."""
