from tests.matrix import Row, everyone

ROWS = [
    # Mina aviseringar: each user's own choices only.
    Row("notifications:preferences", expect=everyone(200)),
    Row(
        "notifications:preferences",
        method="post",
        data=lambda w: {"reminder": "on", "review": "on"},
        expect=everyone(302),
    ),
]
