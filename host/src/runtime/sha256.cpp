#include <esfreport/runtime/sha256.hpp>

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

#include <fstream>
#include <stdexcept>
#include <vector>

namespace esfreport {

std::string sha256_hex(std::string_view bytes) {
    Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
    engine.update(bytes.data(), static_cast<unsigned>(bytes.size()));
    return Poco::DigestEngine::digestToHex(engine.digest());
}

std::string sha256_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + file.string());
    Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
    std::vector<char> buf(1 << 20);
    while (in) {
        in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
        if (in.gcount() > 0) engine.update(buf.data(), static_cast<unsigned>(in.gcount()));
    }
    if (in.bad()) throw std::runtime_error("error while reading " + file.string());
    return Poco::DigestEngine::digestToHex(engine.digest());
}

}  // namespace esfreport
