"""Pure domain rules every stage uses: periods, names, countries, calendar words, vocabularies. No I/O."""
