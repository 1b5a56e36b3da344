// The SDK's recording sink (esfreport/sdk/testing.hpp) under the names the
// plugin tests use.
#pragma once

#include <esfreport/sdk/testing.hpp>

namespace esfreport::test {

using sdk::testing::RecordedInput;
using sdk::testing::RecordedRejection;
using sdk::testing::RecordedRow;
using sdk::testing::RecordingSink;

}  // namespace esfreport::test
