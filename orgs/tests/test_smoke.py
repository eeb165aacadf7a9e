from orgs.models import OrgUnit


def test_subtree_of_a_province_excludes_the_other(world):
    visible = set(OrgUnit.objects.visible_to(world.officer_a))
    assert world.hn_cell in visible and world.hn in visible
    assert world.hp not in visible and world.hp_cell not in visible and world.tw not in visible
