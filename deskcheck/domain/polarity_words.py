"""Words whose change turns a claim around: directions and their opposites, and negations.

Written for the languages matching is tested in (English, Spanish, German, Arabic, Chinese),
a few inflections each: the words are reduced to terms as a claim's words are (Snowball
stems, Arabic's article dropped), so "raised", "raises" and "raising" are one entry. Chinese
is matched in the claim's characters (it has no spaces, so no stems). A direction group holds
two sides: a claim that says one side where the other says the opposite side of the same
group says something else ("raised" ≠ "cut"; "before" ≠ "after").
"""

from __future__ import annotations

# group: (one side, the opposite side), per language
DIRECTIONS: dict[str, dict[str, tuple[str, str]]] = {
    "english": {
        "continuation": (
            "keep kept keeps continue continued continues resume resumed restore restored"
            " start started starts begin began begins",
            "stop stopped stops end ended ends halt halted cease ceased cancel cancelled"
            " canceled scrap scrapped",
        ),
        "amount": (
            "raise raised raises raising increase increased increases increasing rise rose"
            " risen rising rises grow grew grown growing grows more higher boost boosted"
            " hike hiked up climb climbed soar soared soaring double doubled gain gained"
            " expand expanded above highest most add added adds adding create created"
            " creates creating hire hired hires hiring",
            "cut cuts cutting lower lowered lowers reduce reduced reduces reducing decrease"
            " decreased decreases decreasing fall fell fallen falling falls drop dropped"
            " drops decline declined declining shrink shrank shrunk fewer less slash slashed"
            " down plunge plunged halve halved below lowest least axe axed shed lay laid",
        ),
        "order": ("before earlier", "after later"),
        "permission": (
            "allow allowed allows permit permitted legalise legalised legalize legalized"
            " legal lift lifted",
            "ban banned bans prohibit prohibited forbid forbade forbidden outlaw outlawed"
            " illegal impose imposed",
        ),
        "side": ("for support supported supports favour favor backed", "against oppose opposed"),
        "truth": ("true real genuine correct", "false fake wrong untrue hoax"),
        "outcome": ("win won wins winning victory", "lose lost loses losing defeat defeated"),
        "open": ("open opened opens reopen reopened", "close closed closes shut"),
        "safety": ("safe harmless", "dangerous unsafe harmful deadly"),
        "trade": (
            "buy bought buys purchase purchased import imported",
            "sell sold sells export exported",
        ),
        "assent": (
            "confirm confirmed confirms admit admitted accept accepted approve approved",
            "deny denied denies reject rejected rejects refuse refused",
        ),
        "life": ("alive survived survive", "dead died die"),
        "verdict": ("guilty convicted", "innocent acquitted"),
    },
    "spanish": {
        "continuation": (
            "seguir sigue siguió continuar continúa continuó mantener mantiene mantuvo"
            " empezar empezó comenzar comenzó reanudar reanudó",
            "dejar deja dejó parar paró detener detuvo terminar terminó suspender suspendió"
            " cancelar canceló eliminar eliminó",
        ),
        "amount": (
            "subir subió sube suben subirá subida aumentar aumentó aumenta aumentará aumento"
            " incrementar incrementó incremento crecer creció crece más mayor alza elevar"
            " elevó superior duplicó",
            "bajar bajó baja bajan bajará bajada reducir redujo reduce reducirá reducción"
            " recortar recortó recorte disminuir disminuyó disminuye caer cayó cae caída"
            " menos menor descenso descendió inferior",
        ),
        "order": ("antes", "después"),
        "permission": (
            "permitir permitió permite permitido legalizar legalizó legal autorizó",
            "prohibir prohibió prohíbe prohibido ilegal vetó",
        ),
        "side": ("favor apoyó apoya", "contra"),
        "truth": ("verdadero verdadera cierto cierta real", "falso falsa bulo"),
        "outcome": ("ganar ganó gana victoria", "perder perdió pierde derrota"),
        "open": ("abrir abrió abre abierto reabrió", "cerrar cerró cierra cerrado"),
        "safety": ("seguro seguras seguros segura", "peligroso peligrosa peligrosas peligrosos"),
        "trade": ("comprar compró compra importó", "vender vendió vende exportó"),
        "assent": ("confirmó confirma admitió aprobó aprueba aceptó", "negó niega rechazó rechaza"),
        "life": ("vivo viva sobrevivió", "muerto muerta murió"),
    },
    "german": {
        "continuation": (
            "weiter fortsetzen fortgesetzt beginnen begann begonnen starten gestartet beibehalten",
            "stoppen stoppt gestoppt beenden beendet einstellen eingestellt aufhören"
            " abschaffen abgeschafft",
        ),
        "amount": (
            "erhöhen erhöht erhöhte erhöhung steigen stieg gestiegen steigt anstieg wachsen"
            " wuchs gewachsen wächst mehr höher zunehmen nahm zugenommen verdoppelt"
            " anheben angehoben",
            "senken senkt senkte gesenkt senkung kürzen kürzt kürzte gekürzt kürzung sinken"
            " sank gesunken sinkt fallen fiel gefallen fällt weniger niedriger abnehmen"
            " abgenommen halbiert verringert verringerte reduziert reduzierte",
        ),
        "order": ("bevor vorher zuvor", "nachdem danach nachher"),
        "permission": (
            "erlauben erlaubt erlaubte legalisiert legal zugelassen",
            "verbieten verbietet verbot verboten illegal untersagt",
        ),
        "side": ("für unterstützt unterstützte", "gegen lehnte abgelehnt"),
        "truth": ("wahr richtig echt", "falsch gefälscht erfunden"),
        "outcome": ("gewinnen gewann gewonnen sieg", "verlieren verlor verloren niederlage"),
        "open": ("öffnen öffnete geöffnet offen", "schließen schloss geschlossen"),
        "safety": ("sicher ungefährlich", "gefährlich unsicher schädlich"),
        "trade": ("kaufen kaufte gekauft importiert", "verkaufen verkaufte verkauft exportiert"),
        "assent": ("bestätigt bestätigte zugegeben", "dementiert bestritten bestritt"),
        "life": ("lebend überlebt", "tot starb gestorben"),
    },
    "arabic": {
        "continuation": (
            "استمر استمرت يواصل تواصل واصل واصلت بدأ بدأت استئناف",
            "توقف توقفت أوقف أوقفت اوقف اوقفت أنهى انهى إلغاء الغاء ألغى الغى ألغت الغت",
        ),
        "amount": (
            "رفع رفعت يرفع ترفع سترفع برفع زيادة زاد زادت يزيد تزيد ارتفع ارتفعت ارتفاع يرتفع"
            " أكثر اكثر أعلى اعلى تضاعف",
            "خفض خفضت يخفض تخفض ستخفض تخفيض بخفض انخفض انخفضت انخفاض ينخفض تراجع تراجعت"
            " نقص أقل اقل أدنى ادنى قلص قلصت",
        ),
        "order": ("قبل", "بعد"),
        "permission": ("سمح سمحت يسمح تسمح", "منع منعت يمنع تمنع حظر حظرت يحظر تحظر"),
        "side": ("لصالح أيد أيدت", "ضد عارض عارضت"),
        "truth": ("صحيح صحيحة حقيقي", "كاذب كاذبة خاطئ خاطئة مزيف مزيفة"),
        "outcome": ("فاز فازت فوز", "خسر خسرت خسارة هزيمة"),
        "open": ("افتتح افتتحت", "أغلق أغلقت اغلق اغلقت إغلاق"),
        "trade": ("اشترى اشترت شراء", "باع باعت بيع"),
        "life": ("نجا نجت", "مات ماتت قتل قتلت"),
    },
    # Chinese: matched as written, the longest first (上涨 before 涨)
    "chinese": {
        "continuation": ("继续 开始 恢复 保持 保留", "停止 暂停 结束 终止 取消 废除"),
        "amount": (
            "提高 上调 增加 上涨 上升 增长 涨 多于 超过 高于 扩大 翻倍",
            "降低 下调 减少 下降 下跌 削减 降 跌 少于 不到 低于 缩小 减半",
        ),
        "order": ("之前 以前", "之后 以后"),
        "permission": ("允许 批准 合法", "禁止 取缔 非法"),
        "side": ("支持 赞成", "反对"),
        "truth": ("真实 属实 真的", "虚假 假的 谣言"),
        "outcome": ("赢 获胜 胜诉", "输掉 输了 败诉 失败"),
        "open": ("开放 开通 重开", "关闭 封锁"),
        "safety": ("安全", "危险 有害"),
        "trade": ("购买 买入 进口", "出售 卖出 出口"),
        "life": ("幸存 活着", "死亡 去世"),
    },
}

# words that deny what the claim would otherwise say
NEGATIONS: dict[str, str] = {
    "english": "not no never none nobody nothing neither nor cannot without",
    "spanish": "no nunca jamás ni tampoco nadie nada ningún ninguna ninguno sin",
    "german": "nicht kein keine keinen keinem keiner keines nie niemals nichts niemand"
    " keineswegs ohne",
    "arabic": "لا لم لن ليس ليست ليسوا لست",
    "chinese": "不 没 没有 未 从未 不再 无法 毫无 并无 并非 绝非 别",
}

# negations that are ordinary words in another language ("sin" is Spanish "without")
NEGATIONS_ALSO_WORDS = frozenset({"sin", "ni", "nada"})

# English's contracted negations are one word each ("don't", "isn’t"): told by their ending
CONTRACTED_NEGATION = ("n't", "n’t")

# a negation that a word after it turns into an affirmation: Arabic "لا يزال" is "still"
NEGATION_UNDONE_BY_NEXT: dict[str, str] = {
    "arabic": "يزال تزال زال زالت يزل",
}

# Chinese words that hold a negation's character but deny nothing (未来 is "the future")
NOT_NEGATIONS_CHINESE = (
    "未来 不久 不仅 不断 不少 不过 不得不 差不多 没收 不管 不论 不同 不满 不良 不足 不安"
    " 不明 不但 不错 不停 无人机 别人 别的 特别 区别 分别 级别 不到"
)

# words a rewording swaps for each other: such a swap is no difference ("llevan", "contienen")
SYNONYMS: dict[str, tuple[str, ...]] = {
    "english": (
        "say says said claim claims claimed state states stated assert asserted",
        "buy buys bought purchase purchases purchased acquire acquired",
        "contain contains contained carry carries carried have has had hold holds held",
        "show shows showed shown reveal reveals revealed",
        "newest latest",
        "last remaining final",
        "prepare prepares preparing ready",
    ),
    "spanish": (
        "decir dice dijo afirmar afirma afirmó asegurar asegura aseguró",
        "comprar compra compró adquirir adquiere adquirió",
        "contener contiene contienen llevar lleva llevan tener tiene tienen",
        "mostrar muestra muestran revelar revela revelan",
    ),
    "german": (
        "sagen sagt sagte behaupten behauptet behauptete erklären erklärt erklärte",
        "kaufen kauft kaufte gekauft erwerben erwirbt erwarb erworben",
        "enthalten enthält haben hat",
        "zeigen zeigt zeigte belegen belegt",
    ),
    "arabic": ("قال قالت أكد أكدت زعم زعمت", "اشترى اشترت شراء"),
}
