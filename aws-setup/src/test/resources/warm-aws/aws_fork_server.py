"""The AWS CLI kept warm for the aws-setup tests.

Starting the AWS CLI costs most of a second (Python, botocore, the service models); the tests
make hundreds of calls. This server imports the CLI once, builds its driver once, and forks a
child for each call, which runs exactly what `aws ARGS...` would run, with the caller's
arguments, environment, working folder and standard streams (passed over the socket).
Only for tests: it listens on a Unix socket in the test's own folder.
"""
import json
import os
import signal
import socket
import sys
import traceback

from awscli.clidriver import create_clidriver

# Importing awscli put its data folder on AWS_DATA_PATH; every call needs it.
DATA_PATH = os.environ.get("AWS_DATA_PATH")
DRIVER = None
SERVICES = ("ec2", "iam", "ssm", "sts")


def serve(path):
    global DRIVER
    DRIVER = create_clidriver()
    commands = DRIVER._get_command_table()
    DRIVER._create_parser(commands)
    # What each call would otherwise load from JSON files: the scripts' services, their command
    # tables and a client of each (making a client sends nothing; the address is never used).
    for service in SERVICES:
        commands[service]._get_command_table()
    warm_up()
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(64)
    print("ready", flush=True)
    while True:
        conn, _ = server.accept()
        if os.fork() == 0:
            server.close()
            try:
                call(conn)
            finally:
                os._exit(0)
        conn.close()


def warm_up():
    """One real call, so each child starts with what a first call loads lazily (about 0.3 s).

    Only against the local mock the tests point AWS_ENDPOINT_URL at; then the credentials it
    found are forgotten, so that each call resolves its own from its own environment.
    """
    endpoint = os.environ.get("AWS_ENDPOINT_URL", "")
    if not endpoint.startswith("http://127."):
        return
    real = sys.stdout
    with open(os.devnull, "w") as null:
        sys.stdout = null
        try:
            DRIVER.main(["ec2", "describe-regions"])
        finally:
            sys.stdout = real
    DRIVER.session._credentials = None


def call(conn):
    message, fds, _, _ = socket.recv_fds(conn, 1 << 20, 3)
    request = json.loads(message)
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    if DATA_PATH:
        os.environ["AWS_DATA_PATH"] = DATA_PATH
    sys.stdin = os.fdopen(0, "r", closefd=False)
    sys.stdout = os.fdopen(1, "w", closefd=False)
    sys.stderr = os.fdopen(2, "w", closefd=False)
    try:
        code = DRIVER.main(request["argv"])
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else 1
    except BaseException:
        traceback.print_exc()
        code = 255
    sys.stdout.flush()
    sys.stderr.flush()
    conn.sendall(str(code or 0).encode())


if __name__ == "__main__":
    serve(sys.argv[1])
