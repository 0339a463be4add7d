"""``python -m multivector``: the command line."""

from multivector.cli import main

if __name__ == "__main__":
    main()
