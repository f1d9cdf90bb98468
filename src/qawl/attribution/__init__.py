"""Attribution: who said what, through whom, asserting or denying."""
