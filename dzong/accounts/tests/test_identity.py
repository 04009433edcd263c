from dzong.accounts.identity import METHODS, SignInMethod, available_methods, register


def test_password_sign_in_is_there_by_default():
    assert [m.code for m in available_methods()] == ["password"]
    assert available_methods()[0].start_url() == "/account/sign-in/"


def test_a_new_method_registers_itself_and_is_offered_once_enabled(settings):
    @register("test-national-id")
    class NationalId(SignInMethod):
        label = "National digital identity"

        def start_url(self) -> str:
            return "/account/ndi/"

    try:
        assert [m.code for m in available_methods()] == ["password"]
        settings.DZONG_SIGN_IN_METHODS = ["password", "test-national-id"]
        assert [m.start_url() for m in available_methods()] == [
            "/account/sign-in/",
            "/account/ndi/",
        ]
    finally:
        METHODS.remove("test-national-id")
