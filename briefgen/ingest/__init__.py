"""Files -> registered sources: decoding, web pages, title/date/outlet, the source registry."""
