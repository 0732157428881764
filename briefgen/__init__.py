"""briefgen: country briefs whose every figure is footnoted to the article it came from."""

__version__ = "0.1.0"
