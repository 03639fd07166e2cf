#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    from core.commandline import execute  # database errors end any command with a Chinese message

    return execute(sys.argv)


if __name__ == "__main__":
    sys.exit(main())
