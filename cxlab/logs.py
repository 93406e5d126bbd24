"""Log lines that carry no survey link: a link is its respondent's key, and whoever reads
the logs must not be able to answer in someone's name, or to find the invitation a
request came from (the stored hash of a link's token is one SHA-256 away)."""

import logging
import re

SURVEY_LINK = re.compile(r"/s/[^/\s?#\"']+")


def without_links(text: str) -> str:
    return SURVEY_LINK.sub("/s/…", text)


class HideSurveyLinks(logging.Filter):
    """For the handlers every log line goes through, the application's and the server's."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = without_links(record.msg) if isinstance(record.msg, str) else record.msg
        if isinstance(record.args, tuple):
            record.args = tuple(
                without_links(arg) if isinstance(arg, str) else arg for arg in record.args
            )
        return True
