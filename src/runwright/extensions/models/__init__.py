"""``agents.extensions.models`` of the OpenAI Agents SDK: model providers beyond OpenAI.

Import from the submodules: ``litellm_model``/``litellm_provider`` (LiteLLM,
``pip install runwright[litellm]``) and ``any_llm_model``/``any_llm_provider``
(any-llm, ``pip install runwright[any-llm]``).
"""

__all__: list[str] = []
