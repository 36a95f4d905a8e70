"""A loopback SMTP sink for the email-service tests.

Usage: python3 smtp_sink.py PORT OUTFILE
Appends every received message to OUTFILE as one JSON line
({"mail_from", "rcpt_tos", "data"}) and runs until terminated.
"""
import json
import signal
import sys

from aiosmtpd.controller import Controller


class AppendToFile:
    def __init__(self, path):
        self.path = path

    async def handle_DATA(self, server, session, envelope):
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "data": envelope.content.decode("utf-8", errors="replace"),
        }
        with open(self.path, "a", encoding="utf-8") as out:
            out.write(json.dumps(record) + "\n")
        return "250 Message accepted for delivery"


def main():
    port, path = int(sys.argv[1]), sys.argv[2]
    stop_signals = {signal.SIGTERM, signal.SIGINT}
    # Block the signals before the server thread starts, then wait for one here.
    signal.pthread_sigmask(signal.SIG_BLOCK, stop_signals)
    controller = Controller(AppendToFile(path), hostname="127.0.0.1", port=port)
    controller.start()
    signal.sigwait(stop_signals)
    controller.stop()


if __name__ == "__main__":
    main()
