from tests.matrix import Row, everyone

ROWS = [
    Row("home", expect=everyone(200)),
    Row("accessibility", expect=everyone(200, anonymous=200)),
    Row("login", expect=everyone(200, anonymous=200)),
    Row("logout", expect=everyone(200)),
    Row("logout", method="post", expect=everyone(302)),
    Row("password_change", expect=everyone(200)),
    Row("password_change_done", expect=everyone(200)),
    # Two-step login: each user's own account only; nobody in the cast has it on.
    Row("twofactor-overview", expect=everyone(200)),
    Row("twofactor-setup", expect=everyone(200)),
    # A wrong code: the form again, with its error; nothing is turned on.
    Row("twofactor-setup", method="post", data=lambda w: {"code": "000000"}, expect=everyone(200)),
    Row("twofactor-qr", expect=everyone(404)),  # no set-up under way
    Row("twofactor-verify", expect=everyone(302)),  # nothing owed: on to the start page
    Row("twofactor-verify", method="post", data=lambda w: {"code": "1"}, expect=everyone(302)),
    Row("twofactor-codes", expect=everyone(302)),  # none just made
    Row("twofactor-new-codes", method="post", expect=everyone(302)),
    Row("twofactor-disable", expect=everyone(302)),
    Row("twofactor-disable", method="post", expect=everyone(302)),
]
