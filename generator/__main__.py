"""``python -m generator`` and the ``naskah`` command. Ctrl-C or SIGTERM while the libraries are still
being imported end it as they do later (one line, 130 or 143), not with a traceback; cli.main() then takes
over. The console script points here too, so it has no such window either."""

import signal
import sys


def _stop(signum: int, frame=None) -> None:
    print("interrupted: nothing was done", file=sys.stderr)
    sys.exit(128 + signum)


def run() -> None:
    signal.signal(signal.SIGTERM, _stop)
    try:
        from generator.cli import main
    except KeyboardInterrupt:
        _stop(signal.SIGINT)
    main()


if __name__ == "__main__":
    run()
