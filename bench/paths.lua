-- wrk: each request takes the next address of bench/out/paths.txt (one per line), each thread
-- starting at its own place, so that the browser is asked many different filter mixes.
local paths = {}
for line in io.lines("bench/out/paths.txt") do
  paths[#paths + 1] = line
end

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("offset", threads * 7919)
end

local n = 0
function request()
  n = n + 1
  return wrk.format("GET", paths[(offset + n) % #paths + 1])
end
