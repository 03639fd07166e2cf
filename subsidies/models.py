"""Models of subsidies: filled in by its own issue (classes, sessions, attendance / claims, ledger)."""
