"""Test helpers: start a job through a page or the API and run it as a worker would."""

from django.test import TestCase


def page_job_file(client, url: str, data=None, *, method: str = "get") -> bytes:
    """Request `url` (which starts a job and redirects to its page), run the job once the
    request commits (tasks run eagerly in tests), and download the job's file."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        started = getattr(client, method)(url, data or {})
    assert started.status_code == 302, started
    assert "/jobs/" in started["Location"], started["Location"]
    response = client.get(started["Location"] + "file")
    assert response.status_code == 200, response
    return b"".join(response.streaming_content)


def counts_of(job: dict) -> dict:
    """A job status's counts (a list of name and count) as a dict."""
    return {item["name"]: item["count"] for item in job["outcome"]["counts"]}
