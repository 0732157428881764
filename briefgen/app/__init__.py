"""The commands around the stages: incremental build, manifest, watch, diff, factbox and meeting."""
