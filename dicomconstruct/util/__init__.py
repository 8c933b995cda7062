"""pydicom's ``util`` tools: ``codify`` (Python code that rebuilds a dataset), ``dump`` (hex dumps),
``hexutil`` (hex text to bytes and back), ``leanread`` (a minimal element reader)."""
