"""The release preview's counts: one documented field per kind of change."""

from agenda.releases.serializers import ReleaseCountsSerializer
from agenda.releases.services import CHANGE_ORDER


def test_the_counts_name_every_kind_of_change_and_nothing_else():
    assert list(ReleaseCountsSerializer().fields) == list(CHANGE_ORDER)


def test_the_counts_read_the_previews_mapping():
    counts = dict.fromkeys(CHANGE_ORDER, 0) | {"moved": 2}

    assert ReleaseCountsSerializer(counts).data == counts
