"""Tracing: traces and spans, processors, the local SQLite store, the OpenTelemetry exporter."""
