"""Scientific abstracts with topic labels and labelled queries, for the retrieval and RAG labs.

Eight topics (:data:`TOPICS`: NLP, computer vision, reinforcement learning, graph learning,
optimisation, speech, robotics, bioinformatics), each with four tasks of its own, datasets,
metrics and typical weaknesses. Every abstract is about one task of one topic and proposes one
method named by a **key phrase** of three parts, e.g. "uncertainty-aware spectral message
passing" (an adjective, a mechanism and a topic-specific noun, 960 combinations per topic), with
an acronym ("USMP"). The key phrase appears in the title and the text.

Retrieval is not trivial on purpose: the adjectives and mechanisms are shared by all topics,
every abstract names one or two shared techniques ("transformer", "graph neural network",
"contrastive learning", "diffusion model", ...), some topic nouns echo other topics ("protein
language modelling", "scene-graph planning"), some datasets serve two topics (ImageNet-1k, C4)
and about half the abstracts add a sentence about a task from another topic.

Ground truth, by construction:

- ``Abstract.topic`` is one of :data:`TOPICS`; topics are balanced (counts differ by at most
  one); ``Abstract.task`` is one of that topic's tasks and appears in the text;
- :func:`labelled_queries` makes two kinds of query. A **phrase** query is built from one
  abstract's key phrase (alone or with its task or metric); its ``relevant_ids`` are every
  abstract with exactly that key phrase (key phrases are drawn without repetition while a topic
  has unused ones left, so this is almost always the one abstract). A **task** query names a
  task (and sometimes one of its datasets or its metric), or, half the time, describes it in
  other words (:data:`TASK_PARAPHRASES`: "checking whether two recordings come from the same
  person" for speaker verification) so that word overlap alone finds it less well; its
  ``relevant_ids`` are every abstract whose ``task`` is that task, not those that merely
  mention it. Either way all relevant abstracts share the query's ``topic``.

An abstract is about 650 characters (5,000 build in a quarter of a second). Same ``seed``, same output; ``scientific_abstracts(k,
seed)`` is not a prefix of ``scientific_abstracts(n, seed)`` (the topic order is shuffled as a
whole).
"""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Abstract:
    id: str
    title: str
    text: str
    topic: str
    task: str
    key_phrase: str


@dataclass
class Query:
    text: str
    relevant_ids: set[str]
    topic: str
    kind: str  # "phrase" or "task"


@dataclass(frozen=True)
class _Topic:
    field: str
    tasks: tuple[tuple[str, str, tuple[str, ...]], ...]  # (task, metric, datasets)
    nouns: tuple[str, ...]
    challenges: tuple[str, ...]
    components: tuple[str, ...]
    applications: tuple[str, ...]


TOPIC_DATA = {
    "NLP": _Topic(
        "natural language processing",
        (("machine translation", "BLEU", ("WMT14 En-De", "FLORES-200")),
         ("question answering", "exact match", ("SQuAD 2.0", "Natural Questions")),
         ("named entity recognition", "F1", ("CoNLL-2003", "OntoNotes 5.0")),
         ("abstractive summarisation", "ROUGE-L", ("CNN/DailyMail", "XSum"))),
        ("token routing", "span alignment", "prompt tuning", "lexical distillation",
         "decoder calibration", "subword regularisation"),
        ("struggle with long documents", "require large labelled corpora",
         "hallucinate unsupported facts", "degrade on low-resource languages"),
        ("a pretrained language model", "a bidirectional encoder", "byte-pair tokenisation"),
        ("search engines", "customer support", "clinical text mining"),
    ),
    "computer vision": _Topic(
        "computer vision",
        (("image classification", "top-1 accuracy", ("ImageNet-1k", "CIFAR-100")),
         ("object detection", "mAP", ("COCO", "Pascal VOC")),
         ("semantic segmentation", "mIoU", ("ADE20K", "Cityscapes")),
         ("monocular depth estimation", "threshold accuracy", ("NYU Depth v2", "KITTI"))),
        ("patch pruning", "feature pyramids", "mask decoding", "pixel tokenisation",
         "view synthesis", "anchor refinement"),
        ("are brittle under distribution shift", "need dense pixel-level annotation",
         "scale quadratically with image resolution", "fail on small and occluded objects"),
        ("a vision transformer backbone", "a convolutional stem", "multi-scale feature maps"),
        ("autonomous driving", "medical imaging", "satellite monitoring"),
    ),
    "reinforcement learning": _Topic(
        "reinforcement learning",
        (("continuous control", "average return", ("MuJoCo", "DeepMind Control Suite")),
         ("offline reinforcement learning", "normalised score", ("D4RL", "Atari replay data")),
         ("multi-agent coordination", "win rate", ("SMAC", "Overcooked")),
         ("exploration in sparse-reward environments", "success rate", ("Montezuma's Revenge", "MiniGrid"))),
        ("value decomposition", "reward shaping", "policy regularisation", "world modelling",
         "replay prioritisation", "option discovery"),
        ("are sample-inefficient", "overestimate action values",
         "are unstable under function approximation", "explore poorly when rewards are sparse"),
        ("an actor-critic architecture", "a learned dynamics model", "a prioritised replay buffer"),
        ("game playing", "recommendation", "resource allocation"),
    ),
    "graph learning": _Topic(
        "graph representation learning",
        (("node classification", "accuracy", ("Cora", "ogbn-arxiv")),
         ("link prediction", "Hits@50", ("ogbl-collab", "FB15k-237")),
         ("graph classification", "ROC-AUC", ("ogbg-molhiv", "TUDataset")),
         ("community detection", "NMI", ("Amazon co-purchase", "DBLP"))),
        ("message passing", "graph rewiring", "subgraph sampling", "positional encodings",
         "graph pooling", "edge dropping"),
        ("suffer from over-smoothing", "fail on heterophilous graphs",
         "cannot distinguish non-isomorphic graphs", "do not scale to graphs with billions of edges"),
        ("a message-passing network", "random-walk features", "a spectral filter"),
        ("social networks", "knowledge graphs", "molecule design"),
    ),
    "optimisation": _Topic(
        "optimisation for machine learning",
        (("large-batch training", "time to accuracy", ("ImageNet-1k", "C4")),
         ("hyperparameter optimisation", "simple regret", ("HPOBench", "NAS-Bench-201")),
         ("non-convex stochastic optimisation", "gradient norm", ("CIFAR-10", "synthetic quadratics")),
         ("learning-rate scheduling", "validation loss", ("C4", "WikiText-103"))),
        ("step-size adaptation", "preconditioning", "gradient clipping", "variance reduction",
         "weight averaging", "second-order sketching"),
        ("require careful tuning of the learning rate", "converge slowly on ill-conditioned problems",
         "are memory-hungry", "generalise poorly at large batch sizes"),
        ("an adaptive optimiser", "a low-rank preconditioner", "Nesterov momentum"),
        ("training large language models", "federated learning", "scientific computing"),
    ),
    "speech": _Topic(
        "speech processing",
        (("automatic speech recognition", "word error rate", ("LibriSpeech", "Common Voice")),
         ("text-to-speech synthesis", "mean opinion score", ("LJSpeech", "VCTK")),
         ("speaker verification", "equal error rate", ("VoxCeleb1", "VoxCeleb2")),
         ("speech enhancement", "PESQ", ("VoiceBank-DEMAND", "DNS Challenge"))),
        ("spectrogram masking", "phoneme alignment", "codec tokenisation", "prosody modelling",
         "streaming decoding", "frame subsampling"),
        ("degrade in noisy conditions", "require hours of transcribed audio",
         "have high latency for streaming use", "generalise poorly to unseen speakers"),
        ("a conformer encoder", "a neural vocoder", "CTC decoding"),
        ("voice assistants", "call centres", "hearing aids"),
    ),
    "robotics": _Topic(
        "robot learning",
        (("robotic grasping", "grasp success rate", ("YCB objects", "a real Franka arm")),
         ("legged locomotion", "velocity tracking error", ("Isaac Gym", "ANYmal hardware")),
         ("visual navigation", "success weighted by path length", ("Habitat", "Gibson")),
         ("dexterous manipulation", "task success rate", ("RLBench", "Meta-World"))),
        ("sim-to-real transfer", "trajectory optimisation", "tactile fusion", "scene-graph planning",
         "impedance control", "skill chaining"),
        ("transfer poorly from simulation to hardware", "need expensive teleoperated demonstrations",
         "fail under contact-rich dynamics", "do not react to moving obstacles"),
        ("a diffusion policy", "a model-predictive controller", "proprioceptive and visual inputs"),
        ("warehouse automation", "household assistance", "agriculture"),
    ),
    "bioinformatics": _Topic(
        "computational biology",
        (("protein structure prediction", "TM-score", ("CASP15", "PDB")),
         ("single-cell clustering", "adjusted Rand index", ("Tabula Muris", "PBMC 10k")),
         ("drug-target interaction prediction", "AUPRC", ("BindingDB", "DAVIS")),
         ("variant effect prediction", "Spearman correlation", ("ProteinGym", "ClinVar"))),
        ("sequence alignment", "contact-map refinement", "gene-expression embedding",
         "motif discovery", "protein language modelling", "molecular graph encoding"),
        ("ignore evolutionary information", "are confounded by batch effects",
         "need costly wet-lab labels", "do not scale to whole genomes"),
        ("a protein language model", "a graph neural network over residues", "multiple sequence alignments"),
        ("drug discovery", "precision medicine", "enzyme engineering"),
    ),
}
TOPICS: list[str] = list(TOPIC_DATA)
# How a user who does not know a task's name might ask about it (used by half the task queries).
TASK_PARAPHRASES = {
    "machine translation": "translating text from one language into another",
    "question answering": "answering questions about a passage",
    "named entity recognition": "finding names of people, places and organisations in text",
    "abstractive summarisation": "writing short summaries of long articles",
    "image classification": "recognising which category a picture belongs to",
    "object detection": "locating and labelling objects in images with boxes",
    "semantic segmentation": "labelling every pixel of an image with a class",
    "monocular depth estimation": "predicting how far away things are from a single camera image",
    "continuous control": "learning motor policies with continuous actions",
    "offline reinforcement learning": "learning policies from a fixed log of past interactions",
    "multi-agent coordination": "several agents learning to cooperate",
    "exploration in sparse-reward environments": "exploring when rewards are rare",
    "node classification": "predicting labels of vertices in a network",
    "link prediction": "predicting missing edges between entities",
    "graph classification": "predicting properties of whole molecules or networks",
    "community detection": "finding clusters of densely connected vertices",
    "large-batch training": "training neural networks with very large mini-batches",
    "hyperparameter optimisation": "automatically tuning hyperparameters",
    "non-convex stochastic optimisation": "convergence of stochastic methods on non-convex losses",
    "learning-rate scheduling": "choosing how the step size changes during training",
    "automatic speech recognition": "transcribing spoken audio into text",
    "text-to-speech synthesis": "generating natural-sounding voices from text",
    "speaker verification": "checking whether two recordings come from the same person",
    "speech enhancement": "removing background noise from recordings",
    "robotic grasping": "picking up objects with a robot hand",
    "legged locomotion": "making four-legged robots walk over rough terrain",
    "visual navigation": "moving a robot to a goal using camera images",
    "dexterous manipulation": "in-hand manipulation with multi-fingered hands",
    "protein structure prediction": "predicting the 3D fold of a protein from its sequence",
    "single-cell clustering": "grouping cells by their gene expression profiles",
    "drug-target interaction prediction": "predicting which compounds bind which proteins",
    "variant effect prediction": "estimating how mutations change protein function",
}

ADJECTIVES = [
    "hierarchical", "sparse", "adaptive", "multi-scale", "curriculum-guided", "uncertainty-aware",
    "memory-efficient", "causal", "equivariant", "federated", "progressive", "dual-path", "latent",
    "retrieval-augmented", "energy-based", "stochastic",
]
MECHANISMS = [
    "contrastive", "spectral", "prototype", "gated", "residual", "momentum", "attention",
    "diffusion", "kernel", "mixture-of-experts",
]
SHARED_TECHNIQUES = [
    "transformer", "attention", "contrastive learning", "graph neural network", "diffusion model",
    "reinforcement learning", "self-supervised pre-training", "knowledge distillation",
    "mixture of experts", "low-rank adaptation", "variational inference", "Bayesian optimisation",
]
DETAILS = [
    "is trained end-to-end with a {mech} objective and adds less than 3% parameters",
    "uses a lightweight {shared} module that can be plugged into existing pipelines",
    "scales linearly with input size and runs on a single GPU",
    "requires no additional labels and only one extra hyperparameter",
    "combines a {mech} loss with {shared} in a two-stage training schedule",
]
LOWER_IS_BETTER = {"word error rate", "equal error rate", "velocity tracking error", "gradient norm",
                   "validation loss", "simple regret", "time to accuracy"}
CLOSINGS = [
    "Code and pretrained models are publicly available.",
    "We release our implementation to support reproducible research.",
    "Ablations confirm that each component contributes to the final performance.",
    "Our results suggest that simple inductive biases remain competitive at scale.",
]


def _title_case(phrase: str) -> str:
    return " ".join(w[0].upper() + w[1:] if w[0].isalpha() else w for w in phrase.split(" "))


def _acronym(phrase: str) -> str:
    return "".join(part[0].upper() for word in phrase.split() for part in word.split("-") if part)


def _abstract(rng: random.Random, index: int, topic: str, used: set[str]) -> Abstract:
    data = TOPIC_DATA[topic]
    task, metric, datasets = rng.choice(data.tasks)
    for _ in range(50):  # draw an unused key phrase while one is easy to find
        key_phrase = f"{rng.choice(ADJECTIVES)} {rng.choice(MECHANISMS)} {rng.choice(data.nouns)}"
        if key_phrase not in used:
            break
    used.add(key_phrase)
    acronym = _acronym(key_phrase)
    shared = rng.sample(SHARED_TECHNIQUES, 2)
    mech = key_phrase.split()[1]
    challenge = rng.choice(data.challenges)
    title = rng.choice([
        f"{acronym}: {_title_case(key_phrase)} for {_title_case(task)}",
        f"{_title_case(key_phrase)} Improves {_title_case(task)}",
        f"Towards Robust {_title_case(task)} with {_title_case(key_phrase)}",
    ])
    opening = rng.choice([
        f"{task[0].upper() + task[1:]} is a central problem in {data.field}, with applications in "
        f"{' and '.join(rng.sample(data.applications, 2))}.",
        f"Recent advances in {shared[0]} have improved {task}, yet progress in {data.field} remains uneven.",
        f"{task[0].upper() + task[1:]} underpins many systems in {rng.choice(data.applications)}.",
    ])
    gap = f"However, existing methods {challenge}."
    method = (f"We propose {key_phrase} ({acronym}), which combines {shared[0]} with "
              f"{rng.choice(data.components)}.")
    detail = f"{acronym} " + rng.choice(DETAILS).format(mech=mech, shared=shared[1]) + "."
    gain = rng.uniform(0.4, 6.0)
    picked = rng.sample(datasets, rng.randint(1, len(datasets)))
    verb = "reduces" if metric in LOWER_IS_BETTER else "improves"
    experiments = (f"Experiments on {' and '.join(picked)} show that {acronym} {verb} {metric} by "
                   f"{gain:.1f} points over strong baselines for {task}.")
    sentences = [opening, gap, method, detail, experiments]
    if rng.random() < 0.5:
        other = TOPIC_DATA[rng.choice([t for t in TOPICS if t != topic])]
        other_task = rng.choice(other.tasks)[0]
        sentences.append(f"We further discuss how {acronym} could benefit {other_task} in {other.field}.")
    sentences.append(rng.choice(CLOSINGS))
    return Abstract(f"abs-{index:05d}", title, " ".join(sentences), topic, task, key_phrase)


def scientific_abstracts(n: int, seed: int = 0) -> list[Abstract]:
    """``n`` abstracts with balanced topics, ids "abs-00000" onwards; the same for the same ``seed``."""
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    rng = random.Random(seed)
    topics = [TOPICS[i % len(TOPICS)] for i in range(n)]
    rng.shuffle(topics)
    used: set[str] = set()
    return [_abstract(rng, i, topic, used) for i, topic in enumerate(topics)]


def labelled_queries(abstracts: list[Abstract], n_queries: int, seed: int = 0) -> list[Query]:
    """``n_queries`` queries over ``abstracts``, alternating phrase and task queries (see the
    module docstring for what makes an abstract relevant). The same for the same inputs."""
    if n_queries < 0:
        raise ValueError(f"n_queries must be >= 0, got {n_queries}")
    if not abstracts and n_queries:
        raise ValueError("no abstracts to build queries from")
    rng = random.Random(seed)
    by_phrase: dict[str, set[str]] = {}
    by_task: dict[str, set[str]] = {}
    for a in abstracts:
        by_phrase.setdefault(a.key_phrase, set()).add(a.id)
        by_task.setdefault(a.task, set()).add(a.id)
    metric_of = {task: (metric, datasets) for t in TOPIC_DATA.values() for task, metric, datasets in t.tasks}
    queries = []
    for k in range(n_queries):
        a = rng.choice(abstracts)
        metric, datasets = metric_of[a.task]
        if k % 2 == 0:
            text = rng.choice([
                a.key_phrase,
                f"{a.key_phrase} for {a.task}",
                f"which paper proposes {a.key_phrase}?",
                f"does {a.key_phrase} improve {metric}?",
            ])
            queries.append(Query(text, set(by_phrase[a.key_phrase]), a.topic, "phrase"))
        else:
            if rng.random() < 0.5:
                text = rng.choice([
                    f"methods for {a.task}",
                    f"recent work on {a.task} evaluated on {rng.choice(datasets)}",
                    f"how to improve {metric} in {a.task}",
                    f"{a.task}",
                ])
            else:
                text = rng.choice(["papers about {}", "{}", "approaches to {}"]).format(TASK_PARAPHRASES[a.task])
            queries.append(Query(text, set(by_task[a.task]), a.topic, "task"))
    return queries
