"""Turning a published file (PDF, HTML, plain text) into a corpus text and a drafted sidecar."""
