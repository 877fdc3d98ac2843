#include "eval/porter_stemmer.h"

#include <string_view>

namespace medtune {
namespace {

// A direct transcription of M. F. Porter, "An algorithm for suffix stripping" (1980),
// working on a buffer b[0..k].
class Stemmer
{
public:
    explicit Stemmer(std::string w)
        : b(std::move(w))
        , k(int(b.size()) - 1)
    {
    }

    std::string run()
    {
        if (k <= 1)
            return b;
        step1ab();
        if (k > 0) {
            step1c();
            step2();
            step3();
            step4();
            step5();
        }
        return b.substr(0, size_t(k + 1));
    }

private:
    std::string b;
    int k;
    int j = 0;

    bool cons(int i) const
    {
        switch (b[size_t(i)]) {
        case 'a':
        case 'e':
        case 'i':
        case 'o':
        case 'u':
            return false;
        case 'y':
            return i == 0 ? true : !cons(i - 1);
        default:
            return true;
        }
    }
    // m() measures the number of consonant sequences between 0 and j.
    int m() const
    {
        int n = 0, i = 0;
        while (true) {
            if (i > j)
                return n;
            if (!cons(i))
                break;
            ++i;
        }
        ++i;
        while (true) {
            while (true) {
                if (i > j)
                    return n;
                if (cons(i))
                    break;
                ++i;
            }
            ++i;
            ++n;
            while (true) {
                if (i > j)
                    return n;
                if (!cons(i))
                    break;
                ++i;
            }
            ++i;
        }
    }
    bool vowelInStem() const
    {
        for (int i = 0; i <= j; ++i)
            if (!cons(i))
                return true;
        return false;
    }
    bool doublec(int i) const { return i >= 1 && b[size_t(i)] == b[size_t(i - 1)] && cons(i); }
    bool cvc(int i) const
    {
        if (i < 2 || !cons(i) || cons(i - 1) || !cons(i - 2))
            return false;
        const char ch = b[size_t(i)];
        return ch != 'w' && ch != 'x' && ch != 'y';
    }
    bool ends(std::string_view s)
    {
        const int len = int(s.size());
        if (len > k + 1)
            return false;
        if (std::string_view(b).substr(size_t(k - len + 1), size_t(len)) != s)
            return false;
        j = k - len;
        return true;
    }
    void setto(std::string_view s)
    {
        b.replace(size_t(j + 1), size_t(k - j), s);
        k = j + int(s.size());
    }
    void r(std::string_view s)
    {
        if (m() > 0)
            setto(s);
    }

    void step1ab()
    {
        if (b[size_t(k)] == 's') {
            if (ends("sses"))
                k -= 2;
            else if (ends("ies"))
                setto("i");
            else if (k >= 1 && b[size_t(k - 1)] != 's')
                --k;
        }
        if (ends("eed")) {
            if (m() > 0)
                --k;
        } else if ((ends("ed") || ends("ing")) && vowelInStem()) {
            k = j;
            if (ends("at"))
                setto("ate");
            else if (ends("bl"))
                setto("ble");
            else if (ends("iz"))
                setto("ize");
            else if (doublec(k)) {
                --k;
                const char ch = b[size_t(k)];
                if (ch == 'l' || ch == 's' || ch == 'z')
                    ++k;
            } else if (m() == 1 && cvc(k))
                setto("e");
        }
    }
    void step1c()
    {
        if (ends("y") && vowelInStem())
            b[size_t(k)] = 'i';
    }
    void step2()
    {
        if (k < 1)
            return;
        switch (b[size_t(k - 1)]) {
        case 'a':
            if (ends("ational")) {
                r("ate");
                break;
            }
            if (ends("tional")) {
                r("tion");
                break;
            }
            break;
        case 'c':
            if (ends("enci")) {
                r("ence");
                break;
            }
            if (ends("anci")) {
                r("ance");
                break;
            }
            break;
        case 'e':
            if (ends("izer")) {
                r("ize");
                break;
            }
            break;
        case 'l':
            if (ends("bli")) {
                r("ble");
                break;
            }
            if (ends("alli")) {
                r("al");
                break;
            }
            if (ends("entli")) {
                r("ent");
                break;
            }
            if (ends("eli")) {
                r("e");
                break;
            }
            if (ends("ousli")) {
                r("ous");
                break;
            }
            break;
        case 'o':
            if (ends("ization")) {
                r("ize");
                break;
            }
            if (ends("ation")) {
                r("ate");
                break;
            }
            if (ends("ator")) {
                r("ate");
                break;
            }
            break;
        case 's':
            if (ends("alism")) {
                r("al");
                break;
            }
            if (ends("iveness")) {
                r("ive");
                break;
            }
            if (ends("fulness")) {
                r("ful");
                break;
            }
            if (ends("ousness")) {
                r("ous");
                break;
            }
            break;
        case 't':
            if (ends("aliti")) {
                r("al");
                break;
            }
            if (ends("iviti")) {
                r("ive");
                break;
            }
            if (ends("biliti")) {
                r("ble");
                break;
            }
            break;
        case 'g':
            if (ends("logi")) {
                r("log");
                break;
            }
            break;
        default:
            break;
        }
    }
    void step3()
    {
        switch (b[size_t(k)]) {
        case 'e':
            if (ends("icate")) {
                r("ic");
                break;
            }
            if (ends("ative")) {
                r("");
                break;
            }
            if (ends("alize")) {
                r("al");
                break;
            }
            break;
        case 'i':
            if (ends("iciti")) {
                r("ic");
                break;
            }
            break;
        case 'l':
            if (ends("ical")) {
                r("ic");
                break;
            }
            if (ends("ful")) {
                r("");
                break;
            }
            break;
        case 's':
            if (ends("ness")) {
                r("");
                break;
            }
            break;
        default:
            break;
        }
    }
    void step4()
    {
        if (k < 1)
            return;
        switch (b[size_t(k - 1)]) {
        case 'a':
            if (ends("al"))
                break;
            return;
        case 'c':
            if (ends("ance") || ends("ence"))
                break;
            return;
        case 'e':
            if (ends("er"))
                break;
            return;
        case 'i':
            if (ends("ic"))
                break;
            return;
        case 'l':
            if (ends("able") || ends("ible"))
                break;
            return;
        case 'n':
            if (ends("ant") || ends("ement") || ends("ment") || ends("ent"))
                break;
            return;
        case 'o':
            if (ends("ion") && j >= 0 && (b[size_t(j)] == 's' || b[size_t(j)] == 't'))
                break;
            if (ends("ou"))
                break;
            return;
        case 's':
            if (ends("ism"))
                break;
            return;
        case 't':
            if (ends("ate") || ends("iti"))
                break;
            return;
        case 'u':
            if (ends("ous"))
                break;
            return;
        case 'v':
            if (ends("ive"))
                break;
            return;
        case 'z':
            if (ends("ize"))
                break;
            return;
        default:
            return;
        }
        if (m() > 1)
            k = j;
    }
    void step5()
    {
        j = k;
        if (b[size_t(k)] == 'e') {
            const int a = m();
            if (a > 1 || (a == 1 && !cvc(k - 1)))
                --k;
        }
        if (b[size_t(k)] == 'l' && doublec(k) && m() > 1)
            --k;
    }
};

} // namespace

std::string porterStem(const std::string &word)
{
    for (char c : word)
        if (c < 'a' || c > 'z')
            return word;
    return Stemmer(word).run();
}

} // namespace medtune
