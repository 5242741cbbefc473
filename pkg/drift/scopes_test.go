package drift

import "testing"

func TestCovers(t *testing.T) {
	tests := []struct {
		name string
		held []string
		want string
		ok   bool
	}{
		{"same scope", []string{"servers"}, "servers", true},
		{"nothing held", nil, "servers", false},
		{"unrelated scope", []string{"tokens"}, "servers", false},
		{"direct subscope", []string{"servers"}, "read:servers", true},
		{"transitive subscope", []string{"servers"}, "read:users:name", true},
		{"admin:users covers read:users", []string{"admin:users"}, "read:users", true},
		{"admin:users covers users:activity", []string{"admin:users"}, "users:activity", true},
		{"admin:users covers read:users:activity", []string{"admin:users"}, "read:users:activity", true},
		{"admin:users covers delete:users", []string{"admin:users"}, "delete:users", true},
		{"admin:users does not cover servers", []string{"admin:users"}, "servers", false},
		{"read:users does not cover admin:users", []string{"read:users"}, "admin:users", false},
		{"read:users does not cover users", []string{"read:users"}, "users", false},
		{"subscope does not cover parent", []string{"read:servers"}, "servers", false},
		{"admin:servers covers delete:servers", []string{"admin:servers"}, "delete:servers", true},
		{"admin:servers covers server state", []string{"admin:servers"}, "admin:server_state", true},
		{"read:roles covers read:roles:services", []string{"read:roles"}, "read:roles:services", true},
		{"admin:groups covers read:groups:name", []string{"admin:groups"}, "read:groups:name", true},
		{"list:services covers read:services:name", []string{"list:services"}, "read:services:name", true},
		{"read:services does not cover list:services", []string{"read:services"}, "list:services", false},
		{"tokens covers read:tokens", []string{"tokens"}, "read:tokens", true},
		{"unfiltered covers filtered", []string{"access:services"}, "access:services!service=binder", true},
		{"filtered covers same filter", []string{"access:services!service=binder"}, "access:services!service=binder", true},
		{"filtered does not cover unfiltered", []string{"access:services!service=binder"}, "access:services", false},
		{"filtered does not cover other service", []string{"access:services!service=usage-quota"}, "access:services!service=binder", false},
		{"filter kinds differ", []string{"access:services!user=binder"}, "access:services!service=binder", false},
		{"subscope inherits filter", []string{"admin:users!group=staff"}, "read:users!group=staff", true},
		{"inherited filter is not dropped", []string{"admin:users!group=staff"}, "read:users", false},
		{"inherited filter covers only itself", []string{"admin:users!group=staff"}, "read:users!group=other", false},
		{"unfiltered parent covers filtered subscope", []string{"users"}, "read:users:activity!user=alice", true},
		{"server filter skips user fields", []string{"servers!server=alice/x"}, "read:users:name!server=alice/x", false},
		{"server filter keeps server scopes", []string{"servers!server=alice/x"}, "read:servers!server=alice/x", true},
		{"self stands for own servers", []string{"self"}, "servers!user", true},
		{"self does not grant every server", []string{"self"}, "servers", false},
		{"self does not grant services", []string{"self"}, "access:services!service=binder", false},
		{"self covers itself", []string{"self"}, "self", true},
		{"any held scope may cover", []string{"self", "access:services!service=binder"}, "access:services!service=binder", true},
		{"whitespace tolerated", []string{" servers "}, "read:servers", true},
		{"access:servers is not access:services", []string{"access:servers"}, "access:services!service=binder", false},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Covers(tt.held, tt.want); got != tt.ok {
				t.Errorf("Covers(%q, %q) = %v, want %v", tt.held, tt.want, got, tt.ok)
			}
		})
	}
}
