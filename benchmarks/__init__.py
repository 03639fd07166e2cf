"""Benchmarks at province scale, run by `make bench` on a throwaway PostgreSQL (scripts/test.sh --bench)."""
