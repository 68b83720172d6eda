"""OpenAIProvider, MultiProvider and the process-wide defaults."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import openai
import pytest
from _models_wire import call

from runwright._models import provider as provider_module
from runwright._models.openai_chat import OpenAIChatCompletionsModel
from runwright._models.provider import (
    MultiProvider,
    OpenAIProvider,
    set_default_openai_api,
    set_default_openai_client,
    set_default_openai_key,
)
from runwright.exceptions import UserError
from runwright.models.interface import Model, ModelProvider
from runwright.models.openai_responses import OpenAIResponsesModel
from support.fake_openai_server import Answer, FakeOpenAIServer


@pytest.fixture(autouse=True)
def clean_defaults(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    monkeypatch.setattr(provider_module, "_defaults", provider_module._Defaults())
    yield


async def test_missing_key_fails_at_first_call_not_before() -> None:
    provider = OpenAIProvider()  # no error here
    model = provider.get_model("gpt-4.1")  # nor here
    assert isinstance(model, OpenAIResponsesModel)
    with pytest.raises(UserError, match="OPENAI_API_KEY") as info:
        await call(model)
    assert "set_default_openai_key" in info.value.message
    assert "OPENAI_BASE_URL" in info.value.message


async def test_env_key_and_base_url_are_honoured(
    monkeypatch: pytest.MonkeyPatch, fake_server: FakeOpenAIServer
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "env-key")
    monkeypatch.setenv("OPENAI_BASE_URL", fake_server.base_url)
    fake_server.script(Answer(text="hi"))
    model = OpenAIProvider().get_model("llama3")
    assert isinstance(model, OpenAIResponsesModel)  # the SDK's default, whatever the server
    await call(model)
    assert fake_server.requests[0].path == "/v1/responses"
    assert fake_server.requests[0].headers["authorization"] == "Bearer env-key"


async def test_local_base_url_needs_no_key(fake_server: FakeOpenAIServer) -> None:
    fake_server.script(Answer(text="hi"))
    model = OpenAIProvider(base_url=fake_server.base_url).get_model("qwen")
    await call(model)
    auth = fake_server.requests[0].headers["authorization"]
    assert auth == f"Bearer {provider_module.PLACEHOLDER_API_KEY}"


async def test_set_default_key_and_api(fake_server: FakeOpenAIServer) -> None:
    set_default_openai_key("default-key")
    set_default_openai_api("responses")
    fake_server.script(Answer(text="hi"))
    model = OpenAIProvider(base_url=fake_server.base_url).get_model("m")
    assert isinstance(model, OpenAIResponsesModel)
    await call(model)
    assert fake_server.requests[0].path == "/v1/responses"
    assert fake_server.requests[0].headers["authorization"] == "Bearer default-key"
    with pytest.raises(UserError):
        set_default_openai_api("assistants")  # type: ignore[arg-type]


async def test_set_default_client_is_used(fake_server: FakeOpenAIServer) -> None:
    client = openai.AsyncOpenAI(base_url=fake_server.base_url, api_key="client-key")
    set_default_openai_client(client)
    fake_server.script(Answer(text="hi"))
    model = OpenAIProvider().get_model("m")
    assert isinstance(model, OpenAIResponsesModel)
    await call(model)
    assert fake_server.requests[0].headers["authorization"] == "Bearer client-key"


def test_use_responses_and_openai_default() -> None:
    assert OpenAIProvider().uses_responses()
    assert OpenAIProvider(base_url="https://api.openai.com/v1").uses_responses()
    assert OpenAIProvider(base_url="http://127.0.0.1:8000/v1").uses_responses()
    assert not OpenAIProvider(
        base_url="http://127.0.0.1:8000/v1", use_responses=False
    ).uses_responses()
    assert OpenAIProvider(base_url="http://127.0.0.1:8000/v1", use_responses=True).uses_responses()
    set_default_openai_api("chat_completions")
    assert isinstance(OpenAIProvider().get_model(None), OpenAIChatCompletionsModel)


def test_models_are_cached_per_name_and_api() -> None:
    provider = OpenAIProvider(api_key="k")
    assert provider.get_model("a") is provider.get_model("a")
    assert provider.get_model("a") is not provider.get_model("a", use_responses=False)


class EchoProvider(ModelProvider):
    def __init__(self) -> None:
        self.names: list[str | None] = []

    def get_model(self, model_name: str | None) -> Model:
        self.names.append(model_name)
        return OpenAIResponsesModel(str(model_name), lambda: None)


def test_multi_provider_routing() -> None:
    multi = MultiProvider(openai_api_key="k")
    assert isinstance(multi.get_model("gpt-4.1"), OpenAIResponsesModel)
    assert isinstance(multi.get_model("openai/gpt-4.1"), OpenAIResponsesModel)
    chat = multi.get_model("chat/Qwen/Qwen2.5-7B-Instruct")
    assert isinstance(chat, OpenAIChatCompletionsModel)
    assert chat.model == "Qwen/Qwen2.5-7B-Instruct"
    responses = multi.get_model("responses/o4-mini")
    assert isinstance(responses, OpenAIResponsesModel)
    assert responses.model == "o4-mini"
    assert multi.get_model(None).model == "gpt-5.6-luna"  # type: ignore[attr-defined]


def test_multi_provider_custom_prefix_and_unknown_prefix() -> None:
    echo = EchoProvider()
    multi = MultiProvider(provider_map={"echo": echo})
    multi.get_model("echo/some/model")
    assert echo.names == ["some/model"]
    with pytest.raises(UserError) as info:
        multi.get_model("meta-llama/Llama-3-8B")
    message = info.value.message
    for prefix in ("openai", "responses", "chat", "echo"):
        assert prefix in message
    assert "chat/meta-llama/Llama-3-8B" in message
    with pytest.raises(UserError):
        multi.register("chat", echo)


def test_importing_runwright_does_not_import_openai() -> None:
    code = "import sys, runwright; import runwright.models; print('openai' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_importing_provider_module_does_not_import_openai() -> None:
    code = (
        "import sys; import runwright._models.provider, runwright._models.openai_chat, "
        "runwright.models.openai_responses, runwright._models.fallback; "
        "print('openai' in sys.modules, 'httpx2' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False"


def test_passing_no_client_is_a_user_error() -> None:
    with pytest.raises(UserError, match="openai_client"):
        OpenAIResponsesModel("m", None)


async def test_user_client_is_not_mutated(fake_server: FakeOpenAIServer) -> None:
    client: Any = openai.AsyncOpenAI(base_url=fake_server.base_url, api_key="k")
    fake_server.script(Answer(text="x"))
    await call(OpenAIChatCompletionsModel("m", client))
    assert client.max_retries == 2


def test_chat_on_openai_uses_max_completion_tokens() -> None:
    on_openai = OpenAIProvider(api_key="k").get_model("o4-mini", use_responses=False)
    local = OpenAIProvider(base_url="http://127.0.0.1:1/v1").get_model("q", use_responses=False)
    assert isinstance(on_openai, OpenAIChatCompletionsModel)
    assert isinstance(local, OpenAIChatCompletionsModel)
    assert on_openai.compatibility.max_tokens_param == "max_completion_tokens"
    assert local.compatibility.max_tokens_param == "max_tokens"
