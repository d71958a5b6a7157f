"""The SMS channel (Twilio's webhook format).

Plain modules, no Rasa import (unit-tested on their own): ``segments`` (GSM-7 / UCS-2 segment
counting and splitting), ``keywords`` (STOP / START / HELP / MORE and numbered replies),
``compose`` (a turn's bot messages -> SMS bodies), ``settings`` (environment and the
pseudonymous conversation id), ``twilio_api`` (sending with retries), ``webhook`` (what an
inbound request is: configured? signed? which message?). The Rasa adapter is ``channel``
(credentials.yml names ``channels.sms.channel.SmsInput``).
"""
