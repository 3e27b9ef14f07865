#!/bin/sh
# scanhub prerm: stop the service before its binary goes (remove); an
# upgrade restarts it from postinst instead.
set -e
if [ "$1" = remove ] && [ -z "${DPKG_ROOT:-}" ] && [ -d /run/systemd/system ]; then
	systemctl disable --now scanhub.service >/dev/null || true
fi
exit 0
