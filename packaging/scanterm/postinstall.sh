#!/bin/sh
# scanterm postinst: the scanterm user (in dialout and input), udev rules
# reloaded, units known to systemd. The kiosk and station units are not
# enabled here: the technician chooses what this device runs (see README).
# An upgrade restarts the running units; the terminal migrates its database
# once, on opening it.
set -e

case "$1" in
configure)
	if ! getent passwd scanterm >/dev/null; then
		if command -v systemd-sysusers >/dev/null 2>&1; then
			systemd-sysusers scanterm.conf
		else
			useradd --system --user-group --home-dir /var/lib/scanterm --no-create-home \
				--shell /usr/sbin/nologin --comment "scanterm terminal" scanterm
		fi
	fi
	usermod -a -G dialout,input scanterm
	if [ -z "${DPKG_ROOT:-}" ] && command -v udevadm >/dev/null 2>&1 && [ -d /run/udev ]; then
		udevadm control --reload || true
		udevadm trigger --subsystem-match=tty --subsystem-match=input --action=add || true
	fi
	if [ -z "${DPKG_ROOT:-}" ] && [ -d /run/systemd/system ]; then
		systemctl daemon-reload
		if [ -n "$2" ]; then
			systemctl try-restart scanterm-kiosk.service scanterm-sync.service 'scanterm-station@*.service' || true
		fi
	fi
	;;
esac
exit 0
