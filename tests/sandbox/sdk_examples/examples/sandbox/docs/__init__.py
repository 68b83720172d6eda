# Runnable coding-task assets for the sandbox agents docs.
