"""The setup API of an event's categories, access zones and protocol ranks (admin).

`GET`/`POST …/categories/`, `GET`/`PATCH`/`DELETE …/categories/<id>/`, and the same
for `zones/` and `ranks/`: see `events.setup.resources` for what each answers.
"""

from events.setup import selectors, services
from events.setup.resources import SetupDetailView, SetupListView, setup_schema
from events.setup.serializers import CategorySerializer, RankSerializer, ZoneSerializer

category_list_schema, category_detail_schema = setup_schema(
    CategorySerializer, many="registration categories"
)
zone_list_schema, zone_detail_schema = setup_schema(ZoneSerializer, many="access zones")
rank_list_schema, rank_detail_schema = setup_schema(RankSerializer, many="protocol ranks")


class _Categories:
    serializer_class = CategorySerializer

    def rows(self):
        return selectors.event_categories(event=self.event)


@category_list_schema
class CategoryListView(_Categories, SetupListView):
    def create(self, data):
        return services.category_create(event=self.event, actor=self.actor, data=data)


@category_detail_schema
class CategoryDetailView(_Categories, SetupDetailView):
    lookup_url_kwarg = "category_id"

    def update(self, row, changes):
        return services.category_update(
            event=self.event, category_id=row.pk, actor=self.actor, changes=changes
        )

    def remove(self, row):
        services.category_delete(event=self.event, category_id=row.pk, actor=self.actor)


class _Zones:
    serializer_class = ZoneSerializer

    def rows(self):
        return selectors.event_zones(event=self.event)


@zone_list_schema
class ZoneListView(_Zones, SetupListView):
    def create(self, data):
        return services.zone_create(event=self.event, actor=self.actor, data=data)


@zone_detail_schema
class ZoneDetailView(_Zones, SetupDetailView):
    lookup_url_kwarg = "zone_id"

    def update(self, row, changes):
        return services.zone_update(
            event=self.event, zone_id=row.pk, actor=self.actor, changes=changes
        )

    def remove(self, row):
        services.zone_delete(event=self.event, zone_id=row.pk, actor=self.actor)


class _Ranks:
    serializer_class = RankSerializer

    def rows(self):
        return selectors.event_ranks(event=self.event)


@rank_list_schema
class RankListView(_Ranks, SetupListView):
    def create(self, data):
        return services.rank_create(event=self.event, actor=self.actor, data=data)


@rank_detail_schema
class RankDetailView(_Ranks, SetupDetailView):
    lookup_url_kwarg = "rank_id"

    def update(self, row, changes):
        return services.rank_update(
            event=self.event, rank_id=row.pk, actor=self.actor, changes=changes
        )

    def remove(self, row):
        services.rank_delete(event=self.event, rank_id=row.pk, actor=self.actor)
