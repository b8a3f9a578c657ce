"""The preview server: watch the inputs, rebuild, reload the browser."""
