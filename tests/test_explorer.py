"""Chapter 05's consumer explorer: its logic, without a browser.

The widget (``labkit.explorer.explorer``) only wires dropdowns to :func:`explore`; the
browser test (tests/browser/) moves the dropdowns. Here the frames it draws are checked
against plain pandas on the world, and bad choices give clear errors.
"""

from __future__ import annotations

import pandas as pd
import pytest

from labkit import explorer as ex


@pytest.fixture(scope="module", params=["en_US", "zh_CN"])
def data(request, small_world_factory):
    world = small_world_factory(2026, request.param)
    return world, ex.explorer_data(world)


def test_people_carry_every_group_and_a_segment_per_buyer(data):
    world, d = data
    assert len(d.people) == len(world.customers)
    assert set(ex.GROUPS.values()) <= set(d.people.columns)
    buyers = world.orders.loc[world.orders["status"] == "completed", "customer_id"].unique()
    has_segment = d.people.set_index("customer_id")["segment"].notna()
    assert set(has_segment[has_segment].index) == set(buyers)
    assert set(d.people["segment"].dropna()) <= set(ex.SEGMENTS)


def test_sales_are_completed_lines_net_of_discount(data):
    world, d = data
    orders = world.orders[world.orders["status"] == "completed"]
    lines = world.order_items.merge(orders, on="order_id")
    revenue = (lines["quantity"] * lines["unit_price"] * (1 - lines["discount"])).sum()
    assert d.sales["value"].sum() == pytest.approx(revenue)


def test_the_view_is_the_group_against_everyone(data):
    world, d = data
    view = ex.explore(d, "pet owner", True)
    owners = set(world.customers.loc[world.customers["pet_owner"], "customer_id"])
    assert view.customers == len(owners) and view.everyone == len(world.customers)
    own = d.sales[d.sales["customer_id"].isin(owners)]
    assert view.monthly["group"].sum() == pytest.approx(own["value"].sum() / len(owners))
    assert view.monthly["everyone"].sum() == pytest.approx(d.sales["value"].sum() / len(d.people))
    for frame in (view.categories, view.segments):
        assert frame.sum().to_numpy() == pytest.approx([1.0, 1.0])
    # the planted link shows: pet supplies weigh far more in the owners' basket
    others = ex.explore(d, "pet owner", False)
    assert view.categories.loc["pet_supplies", "group"] > 5 * others.categories.loc[
        "pet_supplies", "group"]


def test_region_and_period_filter_both_sides(data):
    _, d = data
    region, year = ex.regions_of(d)[1], ex.periods_of(d)[-1]
    view = ex.explore(d, "city tier", ex.choices(d, "city tier")[0], region=region, period=year)
    in_region = d.people[d.people["province"] == region]
    assert view.everyone == len(in_region)
    assert all(str(month).startswith(year) for month in view.monthly.index)
    sales = d.sales[(d.sales["year"] == int(year))
                    & d.sales["customer_id"].isin(in_region["customer_id"])]
    expected = sales.groupby("month")["value"].sum() / len(in_region)
    pd.testing.assert_series_equal(view.monthly["everyone"], expected, check_names=False,
                                   check_index_type=False)
    assert year in view.label and region in view.label


def test_every_group_and_value_gives_a_view(data):
    _, d = data
    for group in ex.GROUPS:
        values = ex.choices(d, group)
        assert len(values) >= 2, group
        for value in values:
            view = ex.explore(d, group, value)
            assert view.customers > 0 and view.summary().startswith(f"{group} = {value}")


@pytest.mark.parametrize(("choice", "message"), [
    (("nationality", "x"), "unknown group 'nationality'"),
    (("city tier", 9), "city tier has no value 9"),
    (("gender", "female", "Atlantis"), "unknown region 'Atlantis'"),
    (("gender", "female", ex.ALL, "1999"), "unknown period '1999'"),
])
def test_bad_choices_say_what_to_choose(data, choice, message):
    _, d = data
    group, value, *rest = choice
    if group == "gender":
        value = ex.choices(d, "gender")[0]
    with pytest.raises(ValueError, match=message):
        ex.explore(d, group, value, *rest)


def test_a_choice_without_customers_is_said_not_raised(data):
    _, d = data
    view = ex.explore(d, "gender", ex.choices(d, "gender")[0])
    no_one = ex.View("x = y", 0, 10, view.monthly * 0, view.categories, view.segments)
    assert no_one.summary() == "x = y: no customers in this choice"


def test_the_widget_is_a_thin_layer(data):
    world, _ = data
    pytest.importorskip("ipywidgets")
    import matplotlib

    import labkit

    matplotlib.use("Agg")
    labkit.setup_plots(world.locale)
    box = ex.explorer(world)
    group, value = box.children[0].children
    region, period = box.children[1].children
    assert [name for _label, name in group.options] == list(ex.GROUPS)
    assert value.value == ex.choices(ex.explorer_data(world), "city tier")[0]
    group.value = "pet owner"
    assert list(value.options) == [False, True]
    period.value = period.options[-1]
    assert region.value == ex.ALL


def test_the_widget_speaks_the_learner_s_language(data):
    world, _ = data
    pytest.importorskip("ipywidgets")
    import matplotlib

    from labkit import i18n

    matplotlib.use("Agg")
    try:
        i18n.use_language("zh")
        box = ex.explorer(world)
        view = ex.explore(ex.explorer_data(world), "pet owner", True)
        summary = view.summary()
    finally:
        i18n.use_language(None)
    group = box.children[0].children[0]
    assert group.description == "分组"
    assert ("城市等级", "city tier") in list(group.options)
    assert "位客户中有" in summary
