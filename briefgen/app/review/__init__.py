"""`briefgen review`: a local web page where a desk officer checks, corrects and confirms facts."""
