"""``python -m generator``: the ``naskah`` command. Ctrl-C or SIGTERM while the libraries are still being
imported end it as they do later (one line, 130 or 143), not with a traceback; main() then takes over."""

import signal
import sys


def _stop(signum: int, frame=None) -> None:
    print("interrupted: nothing was done", file=sys.stderr)
    sys.exit(128 + signum)


signal.signal(signal.SIGTERM, _stop)
try:
    from generator.cli import main
except KeyboardInterrupt:
    _stop(signal.SIGINT)

main()
