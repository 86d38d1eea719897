// Command terraform-provider-archive is a small, offline stand-in for the
// hashicorp/archive provider at the schema of release 2.7.1 (data source and
// resource "archive_file"). The upstream provider's Go module is not served
// by the Go module proxy this project can reach, so terraform/setup.sh builds
// this one and installs it into the provider mirror as archive 2.7.1.
// It is written from the published schema (the @cdktf/provider-archive 11.0.1
// bindings), not from the upstream source.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	debug := flag.Bool("debug", false, "start the provider in debug mode")
	flag.Parse()

	err := providerserver.Serve(context.Background(), newProvider(version), providerserver.ServeOpts{
		// Only used by debug mode/reattach; the host part is never contacted.
		Address:         "standin.local/hashicorp/archive",
		Debug:           *debug,
		ProtocolVersion: 5,
	})
	if err != nil {
		log.Fatal(err)
	}
}
