"""The setup API of an event's rooms and tracks: `GET`/`POST …/rooms/`,
`GET`/`PATCH`/`DELETE …/rooms/<id>/`, and the same for `tracks/`.

The views are the setup API's (`events.setup.resources`); the writes are the
programme's own services, the ones its organizer pages call. Programme managers may
use them as they use those pages (`/manage/<slug>/agenda/rooms/`), admins always.
"""

from agenda.programme.models import Room, Track
from agenda.programme.serializers import RoomSerializer, TrackSerializer
from agenda.programme.services import room_delete, room_save, track_delete, track_save
from events.setup.resources import SetupDetailView, SetupListView, setup_schema
from events.teams.models import Role

room_list_schema, room_detail_schema = setup_schema(RoomSerializer, many="rooms")
track_list_schema, track_detail_schema = setup_schema(TrackSerializer, many="tracks")


class _Rooms:
    required_roles = (Role.PROGRAMME,)
    serializer_class = RoomSerializer

    def rows(self):
        return Room.objects.filter(event=self.event).select_related("zone")


@room_list_schema
class RoomListView(_Rooms, SetupListView):
    def create(self, data):
        return room_save(event=self.event, actor=self.actor, data=data)


@room_detail_schema
class RoomDetailView(_Rooms, SetupDetailView):
    lookup_url_kwarg = "room_id"

    def update(self, row, changes):
        return room_save(event=self.event, actor=self.actor, data=changes, room_id=row.pk)

    def remove(self, row):
        room_delete(event=self.event, room_id=row.pk, actor=self.actor)


class _Tracks:
    required_roles = (Role.PROGRAMME,)
    serializer_class = TrackSerializer

    def rows(self):
        return Track.objects.filter(event=self.event)


@track_list_schema
class TrackListView(_Tracks, SetupListView):
    def create(self, data):
        return track_save(event=self.event, actor=self.actor, data=data)


@track_detail_schema
class TrackDetailView(_Tracks, SetupDetailView):
    lookup_url_kwarg = "track_id"

    def update(self, row, changes):
        return track_save(event=self.event, actor=self.actor, data=changes, track_id=row.pk)

    def remove(self, row):
        track_delete(event=self.event, track_id=row.pk, actor=self.actor)
