package main

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"time"

	"go.etcd.io/etcd/server/v3/embed"
)

// etcdStartTimeout bounds etcd's start; a fresh single member is ready in well
// under a second.
const etcdStartTimeout = time.Minute

// startEtcd runs a single etcd member with its data in dir and its client and
// peer listeners on the given 127.0.0.1 ports. It returns once etcd serves,
// with the URL the API server should use.
func startEtcd(dir string, clientPort, peerPort int) (*embed.Etcd, string, error) {
	clientURL := loopbackURL(clientPort)
	peerURL := loopbackURL(peerPort)

	cfg := embed.NewConfig()
	cfg.Dir = dir
	cfg.ListenClientUrls = []url.URL{clientURL}
	cfg.AdvertiseClientUrls = []url.URL{clientURL}
	cfg.ListenPeerUrls = []url.URL{peerURL}
	cfg.AdvertisePeerUrls = []url.URL{peerURL}
	cfg.InitialCluster = cfg.InitialClusterFromName(cfg.Name)

	// The API server's log says what a test needs; etcd's info lines only
	// bury it. A test cluster's data is disposable, so fsync only costs time.
	cfg.LogLevel = "error"
	cfg.UnsafeNoFsync = true

	e, err := embed.StartEtcd(cfg)
	if err != nil {
		return nil, "", err
	}

	select {
	case <-e.Server.ReadyNotify():
		return e, clientURL.String(), nil
	case err := <-e.Err():
		e.Close()
		return nil, "", err
	case <-time.After(etcdStartTimeout):
		e.Close()
		return nil, "", errors.New("etcd not ready after " + etcdStartTimeout.String())
	}
}

func loopbackURL(port int) url.URL {
	return url.URL{Scheme: "http", Host: net.JoinHostPort("127.0.0.1", strconv.Itoa(port))}
}

// freePorts asks the kernel for n distinct free ports on 127.0.0.1. They are
// released before use, so another process could take one in between; on a test
// machine that race is rare enough to accept.
func freePorts(n int) ([]int, error) {
	var ports []int
	for range n {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("listening on a free port: %w", err)
		}
		defer ln.Close()
		ports = append(ports, ln.Addr().(*net.TCPAddr).Port)
	}

	return ports, nil
}
