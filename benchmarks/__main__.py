"""`python -m benchmarks [--rows N] [--existing N] [--repeat N]`: the roster import benchmark."""

import argparse
import os

import django


def main() -> None:
    parser = argparse.ArgumentParser(description="Roster import benchmark (PostgreSQL)")
    parser.add_argument("--rows", type=int, default=5000, help="rows in the roster (default 5000)")
    parser.add_argument("--existing", type=int, default=100_000, help="enrolments already in the database")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement (median reported)")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    django.setup()
    from .roster_import import run

    run(rows=args.rows, existing=args.existing, repeat=args.repeat)


main()
