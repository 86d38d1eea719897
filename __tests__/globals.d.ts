// cdktf's jest matchers (toHaveResource, ...) on `expect`.
import "cdktf/lib/testing/adapters/jest";
