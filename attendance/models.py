"""Models of attendance: filled in by its own issue (classes, sessions, attendance / claims, ledger)."""
