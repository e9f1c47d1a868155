import pytest
from django.contrib.auth.models import Group, User


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("admin", "admin@example.org", "pw")


def _staff_in(group_name, username):
    user = User.objects.create_user(username, f"{username}@example.org", "pw", is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor(db):
    return _staff_in("Editors", "editor")


@pytest.fixture
def ingestor(db):
    return _staff_in("Ingestors", "ingestor")
