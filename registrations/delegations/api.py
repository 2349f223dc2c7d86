"""The setup API of an event's delegations (admin): `GET`/`POST …/delegations/` and
`GET`/`PATCH`/`DELETE …/delegations/<id>/`, with quotas per category.

The views are the setup API's (`events.setup.resources`); the writes are the services
the settings pages call. The routes under `…/delegations/<id>/` beyond these (members,
quotas, letters: issue #19) are free for their own views.
"""

from events.setup.resources import SetupDetailView, SetupListView, setup_schema
from registrations.delegations import services
from registrations.delegations.selectors import event_delegations
from registrations.delegations.serializers import DelegationSerializer

delegation_list_schema, delegation_detail_schema = setup_schema(
    DelegationSerializer, many="delegations"
)


class _Delegations:
    serializer_class = DelegationSerializer

    def rows(self):
        return event_delegations(event=self.event)


@delegation_list_schema
class DelegationListView(_Delegations, SetupListView):
    def create(self, data):
        return services.delegation_create(event=self.event, actor=self.actor, data=data)


@delegation_detail_schema
class DelegationDetailView(_Delegations, SetupDetailView):
    lookup_url_kwarg = "delegation_id"

    def update(self, row, changes):
        return services.delegation_update(
            event=self.event, delegation_id=row.pk, actor=self.actor, changes=changes
        )

    def remove(self, row):
        services.delegation_delete(event=self.event, delegation_id=row.pk, actor=self.actor)
